/* people.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route people_routes[] = {{0}};
const size_t people_nroutes = 0;
