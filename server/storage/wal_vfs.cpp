#include "storage/wal_vfs.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace aduan::storage {

namespace {

// A commit's frames up to this size go in one write. The unix VFS writes at most 128 KiB - 1
// bytes per call (it masks larger sizes), so a buffer must stay below that.
constexpr int kBufferSize = 120 * 1024;

sqlite3_vfs* real_vfs = nullptr;  // the default VFS, set once before registration
sqlite3_vfs batching_vfs;

// A WAL file: the real file lives in the same allocation, right after this header.
struct WalFile {
    sqlite3_file base;
    sqlite3_file* real;
    char* buffer;         // null until the first write
    int length;           // bytes gathered
    sqlite3_int64 start;  // the file offset of buffer[0]
};

constexpr int kRealOffset = int((sizeof(WalFile) + 7) & ~std::size_t(7));

WalFile* wal(sqlite3_file* f) {
    return reinterpret_cast<WalFile*>(f);
}
const sqlite3_io_methods* real_methods(WalFile* f) {
    return f->real->pMethods;
}

// Hands what was gathered to the real file.
int flush(WalFile* f) {
    if (f->length == 0) return SQLITE_OK;
    const int n = f->length;
    f->length = 0;
    return real_methods(f)->xWrite(f->real, f->buffer, n, f->start);
}

int wal_close(sqlite3_file* file) {
    auto* f = wal(file);
    const int flushed = flush(f);
    const int closed = real_methods(f)->xClose(f->real);
    std::free(f->buffer);
    f->buffer = nullptr;
    return flushed != SQLITE_OK ? flushed : closed;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xRead(f->real, out, amount, offset);
}

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
    auto* f = wal(file);
    if (f->length > 0 && offset == f->start + f->length && f->length + amount <= kBufferSize) {
        std::memcpy(f->buffer + f->length, data, std::size_t(amount));
        f->length += amount;
        return SQLITE_OK;
    }
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    if (amount > kBufferSize / 2) return real_methods(f)->xWrite(f->real, data, amount, offset);
    if (!f->buffer) {
        f->buffer = static_cast<char*>(std::malloc(kBufferSize));
        if (!f->buffer) return real_methods(f)->xWrite(f->real, data, amount, offset);
    }
    std::memcpy(f->buffer, data, std::size_t(amount));
    f->start = offset;
    f->length = amount;
    return SQLITE_OK;
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xTruncate(f->real, size);
}

int wal_sync(sqlite3_file* file, int flags) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xSync(f->real, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xFileSize(f->real, size);
}

int wal_lock(sqlite3_file* file, int level) {
    return real_methods(wal(file))->xLock(wal(file)->real, level);
}
int wal_unlock(sqlite3_file* file, int level) {
    return real_methods(wal(file))->xUnlock(wal(file)->real, level);
}
int wal_check_reserved_lock(sqlite3_file* file, int* out) {
    return real_methods(wal(file))->xCheckReservedLock(wal(file)->real, out);
}
int wal_file_control(sqlite3_file* file, int op, void* arg) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xFileControl(f->real, op, arg);
}
int wal_sector_size(sqlite3_file* file) {
    return real_methods(wal(file))->xSectorSize(wal(file)->real);
}
int wal_device_characteristics(sqlite3_file* file) {
    return real_methods(wal(file))->xDeviceCharacteristics(wal(file)->real);
}
int wal_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
    return real_methods(wal(file))->xShmMap(wal(file)->real, region, size, extend, out);
}
int wal_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    return real_methods(wal(file))->xShmLock(wal(file)->real, offset, n, flags);
}
void wal_shm_barrier(sqlite3_file* file) {
    real_methods(wal(file))->xShmBarrier(wal(file)->real);
}
int wal_shm_unmap(sqlite3_file* file, int delete_flag) {
    return real_methods(wal(file))->xShmUnmap(wal(file)->real, delete_flag);
}
int wal_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    auto* f = wal(file);
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    return real_methods(f)->xFetch(f->real, offset, amount, out);
}
int wal_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    return real_methods(wal(file))->xUnfetch(wal(file)->real, offset, page);
}

const sqlite3_io_methods wal_methods = {
    3,
    wal_close,
    wal_read,
    wal_write,
    wal_truncate,
    wal_sync,
    wal_file_size,
    wal_lock,
    wal_unlock,
    wal_check_reserved_lock,
    wal_file_control,
    wal_sector_size,
    wal_device_characteristics,
    wal_shm_map,
    wal_shm_lock,
    wal_shm_barrier,
    wal_shm_unmap,
    wal_fetch,
    wal_unfetch,
};

int batching_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
    if (!(flags & SQLITE_OPEN_WAL)) {
        // Any other file is the real VFS's, in place (this VFS's files are large enough).
        return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
    }
    auto* f = wal(file);
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
    f->buffer = nullptr;
    f->length = 0;
    f->start = 0;
    const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        // SQLite closes a file whose pMethods is set even when its open failed.
        if (f->real->pMethods) f->base.pMethods = &wal_methods;
        return rc;
    }
    if (f->real->pMethods->iVersion < 3) {
        f->real->pMethods->xClose(f->real);
        return SQLITE_CANTOPEN;
    }
    f->base.pMethods = &wal_methods;
    return SQLITE_OK;
}

}  // namespace

const char* wal_batching_vfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        real_vfs = sqlite3_vfs_find(nullptr);
        if (!real_vfs) throw std::runtime_error("sqlite: no default VFS");
        // Everything but opening is the default VFS's: the same functions, settings and
        // app data, so that they behave as they do for it.
        batching_vfs = *real_vfs;
        batching_vfs.pNext = nullptr;
        batching_vfs.zName = "aduan-wal-batching";
        batching_vfs.szOsFile = kRealOffset + real_vfs->szOsFile;
        batching_vfs.xOpen = batching_open;
        if (sqlite3_vfs_register(&batching_vfs, 0) != SQLITE_OK)
            throw std::runtime_error("sqlite: cannot register the WAL batching VFS");
    });
    return batching_vfs.zName;
}

}  // namespace aduan::storage
