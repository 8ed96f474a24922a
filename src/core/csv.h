/*
 * csv.h - reading CSV files people upload (cohort and user imports,
 * issue 10): RFC 4180 with the forgiveness spreadsheets need.
 *
 * Fields are separated by commas; a field in double quotes may hold
 * commas, line breaks and "" for one quote; records end with CRLF, LF
 * or CR.  A UTF-8 byte order mark at the start is skipped (Excel writes
 * one).  Blank lines are skipped.  Every row keeps the line it started
 * on, so an import can say "row on line 7: ...".
 *
 * Refused (ERR_BAD_INPUT, *err_line the line): a quote left open at the
 * end, text after a closing quote other than a comma or the end of the
 * record, a NUL byte, bytes that are not UTF-8 (a file saved as Windows
 * "ANSI" or UTF-16: the line of the first bad byte; a UTF-16 byte order
 * mark is line 1).  ERR_TOO_LARGE past max_rows rows or max_fields
 * fields in a row.  csv_parse_ex says which of these it was, so an
 * import can say what to do about it.  Fields are copied into the arena and NUL-terminated;
 * surrounding spaces are kept (the caller trims what it means).
 */
#ifndef TANDEM_CORE_CSV_H
#define TANDEM_CORE_CSV_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

struct csv_row {
	const char **f;         /* n fields */
	size_t n;
	size_t line;            /* 1-based line the record starts on */
};

enum err csv_parse(struct arena *a, const char *text, size_t len, size_t max_rows,
    size_t max_fields, struct csv_row **rows, size_t *n, size_t *err_line);

enum csv_fault {
	CSV_FAULT_NONE = 0,
	CSV_FAULT_QUOTE,        /* a quote left open, or text after a closing one */
	CSV_FAULT_NUL,          /* a NUL byte: not a text file */
	CSV_FAULT_NOT_UTF8,     /* not UTF-8: suggest saving as "CSV UTF-8" */
	CSV_FAULT_ROWS,         /* more than max_rows */
	CSV_FAULT_FIELDS,       /* more than max_fields in a row */
};

struct csv_error {
	enum csv_fault fault;
	size_t line;            /* 1-based */
};

/* As csv_parse; on an error *e says which fault and where (else
 * CSV_FAULT_NONE, line 0). */
enum err csv_parse_ex(struct arena *a, const char *text, size_t len, size_t max_rows,
    size_t max_fields, struct csv_row **rows, size_t *n, struct csv_error *e);

#endif
