/* calendar.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route calendar_routes[] = {{0}};
const size_t calendar_nroutes = 0;
