-- 0006-notes: placeholder; its owner replaces this file.
SELECT 1;
