/* evalresults.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route evalresults_routes[] = {{0}};
const size_t evalresults_nroutes = 0;
