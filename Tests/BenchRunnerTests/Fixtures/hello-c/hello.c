#include <stdio.h>

/* The sample application: cachebench's source-change scenario appends a comment to this file. */
int main(void)
{
    puts("hello from a two-stage build");
    return 0;
}
