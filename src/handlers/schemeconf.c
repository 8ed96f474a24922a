/* schemeconf.c - placeholder: this area's routes are being written (issue 4). */
#include "handlers/handlers.h"

const struct route schemeconf_routes[1] = {{0}};
const size_t schemeconf_nroutes = 0;
