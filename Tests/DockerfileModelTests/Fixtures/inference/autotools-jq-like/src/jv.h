int jv(void);
