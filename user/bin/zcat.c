#include "gunzip.c"
