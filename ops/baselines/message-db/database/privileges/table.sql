GRANT SELECT, INSERT ON message_store.messages TO message_store;
