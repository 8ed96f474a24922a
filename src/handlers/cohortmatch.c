/* cohortmatch.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route cohortmatch_routes[] = {{0}};
const size_t cohortmatch_nroutes = 0;
