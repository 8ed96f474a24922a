/* training.c - placeholder: this area's routes are being written (issue 4). */
#include "handlers/handlers.h"

const struct route training_routes[1] = {{0}};
const size_t training_nroutes = 0;
