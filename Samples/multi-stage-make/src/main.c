#include "greeting.h"

int main(void)
{
    greet();
    return 0;
}
