#ifndef CDOSSIERFILES_H
#define CDOSSIERFILES_H

/// Reserves disk blocks for the first `length` bytes of the file open at `fd` without
/// changing its size (Linux's fallocate with FALLOC_FL_KEEP_SIZE). Returns 0, or -1 where
/// the system or the file system cannot (nothing is reserved then; writing works as ever).
int dossier_reserve_blocks(int fd, long long length);

#endif
