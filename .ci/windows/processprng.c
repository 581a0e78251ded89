/* bcryptprimitives.dll for Wine 8, test use only.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from
 * ProcessPrng in bcryptprimitives.dll, which every Windows 10 and 11 has but
 * Wine 8.0 lacks: a Rust program then stops at once with status c0000135 and
 * no output. This DLL, copied into the Wine prefix's system32 by
 * .ci/test-windows, answers ProcessPrng from advapi32's RtlGenRandom
 * (SystemFunction036), which Wine has. It is never shipped: the installer
 * holds only the app, and real Windows brings its own DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
