package org.neurofhir.dicom.toolkit;

/** A peer DICOM application entity and the AE title we call it with. */
public record RemoteAe(String host, int port, String calledAeTitle, String callingAeTitle) {}
