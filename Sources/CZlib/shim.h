// zlib (Debian: zlib1g-dev) compresses the raw logs that the result store keeps in chunks.
#include <zlib.h>
