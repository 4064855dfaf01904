package dev.telematics.cases;

class InMemoryCaseStoreTest extends CaseStoreContract {
    @Override
    CaseStore store() {
        return new InMemoryCaseStore();
    }
}
