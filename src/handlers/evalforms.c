/* evalforms.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route evalforms_routes[] = {{0}};
const size_t evalforms_nroutes = 0;
