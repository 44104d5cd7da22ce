package org.neurofhir.dicom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neurofhir.dicom.mapping.SequenceRule;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code neurofhir.dicom.*} settings of the DICOM gateway.
 *
 * @param enabled false: no SCP, no gateway beans
 * @param aeTitle our AE title (called AE title senders must use)
 * @param bindAddress interface to listen on; 0.0.0.0 for all
 * @param port DICOM port; 0 picks a free one (read it from {@code DicomGatewayScp.port()})
 * @param allowedCallingAeTitles calling AE titles accepted; empty accepts any (local use only)
 * @param maxAssociations associations served at once; more are rejected (transient)
 * @param maxPdu largest PDU we offer to receive, bytes
 * @param storageRoot where instances are stored (study/series/instance.dcm)
 * @param fsync flush each instance to disk before acknowledging it (keep true outside tests)
 * @param seriesQuietPeriod a series is complete after this long without a new instance
 * @param sequenceRules per site (calling AE title, or "default"): ordered MR sequence rules
 * @param uidRoot UID root for UIDs we create; empty uses 2.25 (UUID-derived) UIDs
 * @param endpointUrl DICOMweb/WADO base URL put in ImagingStudy.endpoint; empty for none
 * @param patientIdentifierSystem identifier system for Patient ID when Issuer of Patient ID is absent or not an
 *     OID; empty uses the clinic MRN system (NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER)
 */
@ConfigurationProperties(prefix = "neurofhir.dicom")
public record DicomGatewayProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("NEUROFHIR") String aeTitle,
    @DefaultValue("127.0.0.1") String bindAddress,
    @DefaultValue("11112") int port,
    @DefaultValue List<String> allowedCallingAeTitles,
    @DefaultValue("8") int maxAssociations,
    @DefaultValue("65536") int maxPdu,
    @DefaultValue("./data/dicom") Path storageRoot,
    @DefaultValue("true") boolean fsync,
    @DefaultValue("10s") Duration seriesQuietPeriod,
    @DefaultValue Map<String, List<SequenceRule>> sequenceRules,
    @DefaultValue("") String uidRoot,
    @DefaultValue("") String endpointUrl,
    @DefaultValue("") String patientIdentifierSystem) {}
