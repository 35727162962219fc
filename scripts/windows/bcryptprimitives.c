/* bcryptprimitives.dll for Wine 8 (Debian 12's), which lacks it: Rust's standard library
 * (1.78 and later) imports ProcessPrng from it for every random number (HashMap keys too), so
 * without it every .exe ends at load with code 53 before printing anything. Windows 10+ and
 * Wine 9+ have the real one; scripts/test-windows puts this one in its private Wine prefix
 * only. ProcessPrng fills the buffer from the OS generator, RtlGenRandom (advapi32's
 * SystemFunction036) in Wine. Windows documents it as never failing; should Wine's generator
 * fail, FALSE makes Rust's std panic instead of using bytes that were never filled. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes a ULONG: fill a larger buffer in pieces. */
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
