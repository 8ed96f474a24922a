/* profile.c - placeholder: this area's routes are being written (issue 4). */
#include "handlers/handlers.h"

const struct route profile_routes[1] = {{0}};
const size_t profile_nroutes = 0;
