/* schemes.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route schemes_routes[] = {{0}};
const size_t schemes_nroutes = 0;
