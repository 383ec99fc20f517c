package io.hakeeper.rm;

import com.google.protobuf.CodedInputStream;
import io.hakeeper.core.znode.PayloadDecoder;
import java.io.IOException;
import java.util.Optional;
import org.apache.zookeeper.data.Stat;

/** Teaches {@code hakeeper zk get} the ResourceManager's znodes: election lock and breadcrumb, version, epoch, sequence number. */
public final class RmPayloadDecoder implements PayloadDecoder {
    @Override
    public Optional<String> decode(String path, byte[] data, Stat stat) {
        if (path.endsWith("/ActiveStandbyElectorLock") || path.endsWith("/ActiveBreadCrumb")) {
            // HDFS's ActiveNodeInfo shares these names and starts with two strings too: claim only fields 1 and 2
            return onlyFieldsOneAndTwo(data) ? Optional.of("ActiveRMInfoProto " + ActiveRmInfo.CODEC.decode(path, data, stat))
                    : Optional.empty();
        }
        if (path.endsWith("/ZKRMStateRoot/RMVersionNode")) {
            return Optional.of("VersionProto " + StoreProtos.version(path, data));
        }
        if (path.endsWith("/ZKRMStateRoot/EpochNode")) {
            return Optional.of("EpochProto epoch=" + StoreProtos.epoch(path, data));
        }
        if (path.endsWith("/RMDTSecretManagerRoot/RMDTSequentialNumber")) {
            return Optional.of("delegation-token sequence number " + StoreProtos.sequenceNumber(path, data));
        }
        return Optional.empty();
    }

    private static boolean onlyFieldsOneAndTwo(byte[] data) {
        if (data == null || data.length == 0) {
            return false;
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(data);
            for (int tag; (tag = in.readTag()) != 0; ) {
                if ((tag >>> 3) > 2) {
                    return false;
                }
                in.skipField(tag);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
