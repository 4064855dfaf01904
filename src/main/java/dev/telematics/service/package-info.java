/**
 * The service network (issue 16): service points with their opening hours, skills, bays and parts stock,
 * mobile-service vans and rescue trucks with their shifts ({@code config/service-network.yaml}, read by
 * {@link dev.telematics.service.ServiceNetworkLoader}), and the dispatch ranking of units for a car
 * ({@link dev.telematics.service.DispatchRanking}). A model package: no engine, no I/O but the loader.
 */
package dev.telematics.service;
