/* annual.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route annual_routes[] = {{0}};
const size_t annual_nroutes = 0;
