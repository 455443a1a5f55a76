/* sync: flush file system buffers. */
#include <unistd.h>
int main(void)
{
	sync();
	return 0;
}
