/*
 * evalresults.h - evaluation results for administrators, CSV export,
 * a single response, and a mentor's feedback in aggregate (EVAL-4,
 * EVAL-5).  Declared by their owner.
 */
#ifndef TANDEM_APP_EVALRESULTS_H
#define TANDEM_APP_EVALRESULTS_H

#include "app/evalforms.h"

#endif
