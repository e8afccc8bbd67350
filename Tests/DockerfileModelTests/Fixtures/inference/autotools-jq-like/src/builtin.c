int builtin(void) { return 0; }
