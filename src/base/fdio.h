/*
 * fdio.h - whole reads and writes on a file descriptor: read(2) and
 * write(2) may stop early or be interrupted by a signal, and every caller
 * wants the same loop around them.
 */
#ifndef P2HAM_FDIO_H
#define P2HAM_FDIO_H

#include <stddef.h>

/* Read from fd into buf until cap bytes are in or the file ends, going on
 * after an interrupted read; *len is the bytes read, also on failure (those
 * that came before the error). 0, or -1 with errno. */
int fd_read_full(int fd, void *buf, size_t cap, size_t *len);

/* Write all len bytes of p to fd, going on after a short or interrupted
 * write; 0, or -1 with errno (EIO when write(2) wrote nothing). */
int fd_write_all(int fd, const void *p, size_t len);

#endif
