-- reports: placeholder; its owner replaces this file.
SELECT 1;
