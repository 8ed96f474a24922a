/* concerns.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route concerns_routes[] = {{0}};
const size_t concerns_nroutes = 0;
