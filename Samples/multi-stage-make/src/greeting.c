#include <stdio.h>
#include "greeting.h"

void greet(void)
{
    puts("hello from a three-stage build");
}
