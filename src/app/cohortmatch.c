/* cohortmatch.c - PROVISIONAL stub; its owner replaces this file. */
