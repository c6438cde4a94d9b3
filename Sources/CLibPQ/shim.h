#ifndef SUIVI_CLIBPQ_SHIM_H
#define SUIVI_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
