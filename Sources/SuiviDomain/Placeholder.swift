// SuiviDomain
