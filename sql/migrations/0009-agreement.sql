-- 0009-agreement: placeholder; its owner replaces this file.
SELECT 1;
