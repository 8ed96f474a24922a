/* audit.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route audit_routes[] = {{0}};
const size_t audit_nroutes = 0;
