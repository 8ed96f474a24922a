-- 0008-diary: placeholder; its owner replaces this file.
SELECT 1;
