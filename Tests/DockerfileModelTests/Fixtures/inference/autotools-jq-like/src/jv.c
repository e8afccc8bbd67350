int jv(void) { return 0; }
