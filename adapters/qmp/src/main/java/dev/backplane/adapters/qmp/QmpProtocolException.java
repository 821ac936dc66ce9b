package dev.backplane.adapters.qmp;

/**
 * The QMP conversation broke: the connection was closed (QEMU quit or died), or the other end
 * sent something that is not a QMP message. The connection is unusable afterwards.
 */
public final class QmpProtocolException extends QmpException {
  QmpProtocolException(String binary, String message, String qemuMessage, Throwable cause) {
    super(binary, message, qemuMessage, cause);
  }
}
