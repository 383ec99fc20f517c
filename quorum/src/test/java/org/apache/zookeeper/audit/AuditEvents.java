package org.apache.zookeeper.audit;

/** Test-only: AuditEvent's constructor is package-private; ZooKeeper builds events the same way. */
public final class AuditEvents {
    private AuditEvents() {
    }

    public static AuditEvent setData(String session, String znode, AuditEvent.Result result) {
        AuditEvent e = new AuditEvent(result);
        e.addEntry(AuditEvent.FieldName.SESSION, session);
        e.addEntry(AuditEvent.FieldName.OPERATION, "setData");
        e.addEntry(AuditEvent.FieldName.ZNODE, znode);
        return e;
    }
}
