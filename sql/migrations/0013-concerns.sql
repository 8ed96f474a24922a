-- 0013-concerns: placeholder; its owner replaces this file.
SELECT 1;
