-- 0007-journey: placeholder; its owner replaces this file.
SELECT 1;
