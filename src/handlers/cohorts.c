/* cohorts.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route cohorts_routes[] = {{0}};
const size_t cohorts_nroutes = 0;
