package dev.telematics.simulator;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;

/**
 * Settles one publish's {@link PublishWindow.Ticket} when Paho completes it: acknowledged on success
 * (PUBACK for QoS 1, written for QoS 0) unless the PUBACK carries an error reason code (>= 0x80), failed
 * otherwise. Settling returns the window permit.
 *
 * <p>Called once on the car's Paho callback thread; the ticket makes a second settle harmless.
 */
final class PublishListener implements MqttActionListener {
    private final PublishWindow.Ticket ticket;

    PublishListener(PublishWindow.Ticket ticket) {
        this.ticket = ticket;
    }

    @Override
    public void onSuccess(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            ticket.fail();
        } else {
            ticket.succeed();
        }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable cause) {
        ticket.fail();
    }
}
