/* evalresults.c - PROVISIONAL; its owner replaces this file. */
#include "app/evalresults.h"
