/* mail.c - PROVISIONAL stub; its owner replaces this file. */
#include "handlers/handlers.h"

const struct route mail_routes[] = {{0}};
const size_t mail_nroutes = 0;
