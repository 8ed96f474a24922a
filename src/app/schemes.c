/* schemes.c - PROVISIONAL; its owner replaces this file. */
#include "app/app.h"
