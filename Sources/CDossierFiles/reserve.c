#define _GNU_SOURCE
#include "CDossierFiles.h"

#ifdef __linux__
#include <fcntl.h>
#include <linux/falloc.h>

int dossier_reserve_blocks(int fd, long long length) {
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)length);
}
#else
int dossier_reserve_blocks(int fd, long long length) {
    (void)fd;
    (void)length;
    return -1;
}
#endif
