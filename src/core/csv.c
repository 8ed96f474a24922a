/*
 * csv.c - see csv.h.  One pass over the bytes with a small state
 * machine; each field is collected in a growing buffer and copied into
 * the arena when it ends.
 */
#include "core/csv.h"

#include <string.h>

#include "core/buf.h"
#include <stdbool.h>

struct parser {
	struct arena *a;
	struct buf field;
	const char **fields;
	size_t nfields, capfields, max_fields;
	struct csv_row *rows;
	size_t nrows, caprows, max_rows;
	size_t line, row_line;
	bool quoted_any;        /* the record had a quoted field (a "" line is a row) */
	enum csv_fault fault;
	size_t fault_line;      /* the record's line, for ROWS and FIELDS */
};

/* The line of the first byte that is not part of well-formed UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF),
 * or 0 when all of it is.  Lines are counted as the parser counts them. */
static size_t
first_bad_utf8_line(const unsigned char *s, size_t len)
{
	size_t line = 1;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (c == '\n' || (c == '\r' && !(i + 1 < len && s[i + 1] == '\n')))
				line++;
			i++;
			continue;
		}
		size_t need;
		unsigned char lo = 0x80, hi = 0xBF;     /* the second byte's range */
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return line;
		}
		if (len - i <= need || s[i + 1] < lo || s[i + 1] > hi)
			return line;
		for (size_t k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return line;
		i += need + 1;
	}
	return 0;
}

static enum err
end_field(struct parser *p)
{
	if (p->nfields == p->max_fields) {
		p->fault = CSV_FAULT_FIELDS;
		p->fault_line = p->row_line;
		return ERR_TOO_LARGE;
	}
	if (p->nfields == p->capfields) {
		size_t cap = p->capfields ? 2 * p->capfields : 16;
		const char **f = arena_alloc(p->a, cap * sizeof(*f));
		if (p->nfields)
			memcpy(f, p->fields, p->nfields * sizeof(*f));
		p->fields = f;
		p->capfields = cap;
	}
	p->fields[p->nfields++] = arena_strndup(p->a, p->field.data ? p->field.data : "",
	    p->field.len);
	buf_reset(&p->field);
	return ERR_OK;
}

static enum err
end_record(struct parser *p)
{
	enum err rc = end_field(p);
	if (rc != ERR_OK)
		return rc;
	/* a blank line: one empty, unquoted field */
	if (p->nfields == 1 && p->fields[0][0] == '\0' && !p->quoted_any) {
		p->nfields = 0;
		return ERR_OK;
	}
	if (p->nrows == p->max_rows) {
		p->fault = CSV_FAULT_ROWS;
		p->fault_line = p->row_line;
		return ERR_TOO_LARGE;
	}
	if (p->nrows == p->caprows) {
		size_t cap = p->caprows ? 2 * p->caprows : 64;
		struct csv_row *r = arena_alloc(p->a, cap * sizeof(*r));
		if (p->nrows)
			memcpy(r, p->rows, p->nrows * sizeof(*r));
		p->rows = r;
		p->caprows = cap;
	}
	p->rows[p->nrows++] = (struct csv_row){.f = p->fields, .n = p->nfields,
	    .line = p->row_line};
	p->fields = NULL;
	p->nfields = p->capfields = 0;
	p->quoted_any = false;
	return ERR_OK;
}

enum err
csv_parse(struct arena *a, const char *text, size_t len, size_t max_rows, size_t max_fields,
    struct csv_row **rows, size_t *n, size_t *err_line)
{
	struct csv_error e;
	enum err rc = csv_parse_ex(a, text, len, max_rows, max_fields, rows, n, &e);
	*err_line = e.line;
	return rc;
}

enum err
csv_parse_ex(struct arena *a, const char *text, size_t len, size_t max_rows,
    size_t max_fields, struct csv_row **rows, size_t *n, struct csv_error *e)
{
	struct parser p = {.a = a, .max_fields = max_fields, .max_rows = max_rows, .line = 1,
	    .row_line = 1};
	enum { START, PLAIN, QUOTED, QUOTE_IN_QUOTED } st = START;
	enum err rc = ERR_OK;
	size_t i = 0;
	*rows = NULL;
	*n = 0;
	*e = (struct csv_error){0};
	/* UTF-16 (Excel's "Unicode text") starts with FF FE or FE FF */
	if (len >= 2 && ((unsigned char)text[0] == 0xFF || (unsigned char)text[0] == 0xFE) &&
	    ((unsigned char)text[1] == 0xFF || (unsigned char)text[1] == 0xFE)) {
		*e = (struct csv_error){CSV_FAULT_NOT_UTF8, 1};
		return ERR_BAD_INPUT;
	}
	if (memchr(text, '\0', len) == NULL) {
		size_t bad = first_bad_utf8_line((const unsigned char *)text, len);
		if (bad != 0) {
			*e = (struct csv_error){CSV_FAULT_NOT_UTF8, bad};
			return ERR_BAD_INPUT;
		}
	}
	buf_init(&p.field, len + 1);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len && rc == ERR_OK; i++) {
		char c = text[i];
		if (c == '\0') {
			p.fault = CSV_FAULT_NUL;
			rc = ERR_BAD_INPUT;
			break;
		}
		bool eol = c == '\n' || c == '\r';
		switch (st) {
		case START:
		case PLAIN:
			if (c == '"' && st == START) {
				st = QUOTED;
				p.quoted_any = true;
			} else if (c == '"') {
				rc = ERR_BAD_INPUT;
			} else if (c == ',') {
				rc = end_field(&p);
				st = START;
			} else if (eol) {
				rc = end_record(&p);
				st = START;
			} else {
				buf_putc(&p.field, c);
				st = PLAIN;
			}
			break;
		case QUOTED:
			if (c == '"')
				st = QUOTE_IN_QUOTED;
			else
				buf_putc(&p.field, c);
			break;
		case QUOTE_IN_QUOTED:
			if (c == '"') {
				buf_putc(&p.field, '"');
				st = QUOTED;
			} else if (c == ',') {
				rc = end_field(&p);
				st = START;
			} else if (eol) {
				rc = end_record(&p);
				st = START;
			} else {
				rc = ERR_BAD_INPUT;
			}
			break;
		}
		if (eol) {
			/* CRLF is one line break */
			if (c == '\r' && i + 1 < len && text[i + 1] == '\n') {
				if (st == QUOTED)
					buf_putc(&p.field, '\n');
				i++;
			}
			p.line++;
			if (st == START)
				p.row_line = p.line;
		}
	}
	if (rc == ERR_OK && st == QUOTED)
		rc = ERR_BAD_INPUT;
	if (rc == ERR_OK && (st != START || p.nfields > 0))
		rc = end_record(&p);
	buf_free(&p.field);
	if (rc != ERR_OK) {
		e->fault = p.fault != CSV_FAULT_NONE ? p.fault : CSV_FAULT_QUOTE;
		e->line = p.fault_line ? p.fault_line : p.line;
		return rc;
	}
	*rows = p.rows;
	*n = p.nrows;
	return ERR_OK;
}
