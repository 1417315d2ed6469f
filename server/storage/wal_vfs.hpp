// A SQLite VFS that writes a WAL's frames in one system call per commit instead of two per
// frame. SQLite writes each frame of a commit with two pwrite() calls (its header, then its
// page): ~36 calls for a commit of ~20 tickets, each a trap to the hypervisor on a VM. This
// VFS wraps the default one; for a WAL file it gathers consecutive writes in a buffer and
// hands them to the real file when SQLite next syncs, reads, truncates, sizes, controls or
// closes the file, or when the next write is not consecutive. Every other file, and every
// other operation, is the default VFS's own.
//
// Correct only where every commit syncs the WAL (synchronous=FULL or EXTRA): the sync is what
// puts a commit's frames in the file before SQLite publishes them to readers in the
// wal-index. Connection opens read-write connections, and only those, through it, and always
// sets synchronous=FULL on them before anything is written.
#pragma once

namespace aduan::storage {

// The VFS's name, registered (once, not as the default) by the first call.
const char* wal_batching_vfs();

}  // namespace aduan::storage
