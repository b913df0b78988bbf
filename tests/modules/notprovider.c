/* tests/modules/notprovider.c - a shared object that is not a provider
 * (no dagshub_provider_entry symbol). */
int not_a_provider(void);
int not_a_provider(void) { return 42; }
