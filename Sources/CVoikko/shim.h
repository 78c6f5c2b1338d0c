// Hides the old integer-handle API of voikko_deprecated.h.
#define VOIKKO_NO_DEPRECATED_API 1
#include <libvoikko/voikko.h>
