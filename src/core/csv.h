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
 * record, a NUL byte.  ERR_TOO_LARGE past max_rows rows or max_fields
 * fields in a row.  Fields are copied into the arena and NUL-terminated;
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

#endif
